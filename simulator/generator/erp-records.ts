// The ERP's view of a person: customer master rows (sometimes two), sales orders, order lines and invoices.
import { addDays, own, type BuildContext } from './context.ts';
import { PLACEHOLDER_EMAILS, formatEmail, formatLandline, formatMobile, hangulName, romanName, typo } from './noise.ts';
import type { ErpCustomer } from './types.ts';

export function recordInErp(ctx: BuildContext): void {
  const { rng, person, story, data } = ctx;
  if (!story.inErp) return;
  const first = story.orders[0].at;
  const last = story.orders[story.orders.length - 1].at;
  const master = (): ErpCustomer => {
    const custNo = ctx.ids.next('K', 8);
    own(ctx, 'erp', custNo);
    ctx.keys.custNos.push(custNo);
    const emailRoll = rng.float();
    return {
      CUST_NO: custNo,
      // The ERP was built for romanized upper-case names; newer screens accept Hangul.
      CUST_NM: rng.chance(0.55) ? romanName(rng, person).toUpperCase() : hangulName(rng, person),
      TEL_NO: person.homePhone && rng.chance(0.5) ? formatLandline(rng, person.homePhone) : null,
      HP_NO: rng.chance(0.9) ? formatMobile(rng, person.mobile) : null,
      EMAIL:
        emailRoll < 0.06 ? rng.pick(PLACEHOLDER_EMAILS) : emailRoll < 0.14 ? null : formatEmail(rng, person.oldEmail && rng.chance(0.35) ? person.oldEmail : person.email),
      ZIP_CD: rng.chance(0.85) ? person.address.postcode : null,
      ADDR1: `${person.address.city} ${person.address.district} ${person.address.road} ${person.address.building}`,
      ADDR2: person.address.unit || null,
      BIRTH_DT: rng.chance(0.5) ? person.birthDate.replaceAll('-', '') : null,
      CUST_GB: '01',
      REG_DT: first,
      UPD_DT: last,
    };
  };
  const customers = [master()];
  // A second master row for the same person, opened by another branch: an in-system duplicate.
  if (story.orders.length > 1 && rng.chance(0.04)) {
    const dup = master();
    dup.CUST_NM = rng.chance(0.5) ? typo(rng, romanName(rng, person).toUpperCase()) : dup.CUST_NM;
    customers.push(dup);
  }
  data.erp.customers.push(...customers);

  for (const order of story.orders) {
    const owner = customers.length > 1 && rng.chance(0.4) ? customers[1] : customers[0];
    const soNo = ctx.ids.next('SO', 9);
    data.erp.orders.push({
      SO_NO: soNo,
      CUST_NO: owner.CUST_NO,
      ORD_DT: order.at,
      ORD_STAT: order.status,
      TOT_AMT: order.total,
      CURR_CD: 'KRW',
      SHIP_DT: order.status === '10' || order.status === '90' ? null : addDays(order.at, rng.int(1, 3)),
      RTN_DT: order.status === '80' ? addDays(order.at, rng.int(5, 20)) : null,
    });
    order.items.forEach((item, i) =>
      data.erp.lines.push({ SO_NO: soNo, LINE_NO: i + 1, ITEM_CD: item.code, ITEM_NM: item.name, QTY: item.qty, UNIT_PRC: item.price, AMT: item.price * item.qty }),
    );
    if (order.status === '90') continue;
    const due = addDays(order.at, 30);
    const paid = Date.parse(due) < ctx.anchor ? rng.chance(0.93) : rng.chance(0.6);
    data.erp.invoices.push({
      INV_NO: ctx.ids.next('IV', 9),
      SO_NO: soNo,
      CUST_NO: owner.CUST_NO,
      INV_DT: order.at,
      DUE_DT: due,
      INV_AMT: order.total,
      PAID_AMT: paid ? order.total : 0,
      PAID_DT: paid ? addDays(order.at, rng.int(0, 25)) : null,
      INV_STAT: paid ? 'P' : 'O',
    });
  }
}

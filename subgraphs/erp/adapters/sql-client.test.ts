// Prepared-statement naming: one name per SQL text, stable across calls, labelled with the statement's name.
import { describe, expect, it } from 'vitest';
import { preparedQuery } from './sql-client.ts';

describe('preparedQuery', () => {
  it('gives a text the same name on every call, and another text another name', () => {
    const text = `/* orderStats */ SELECT ${Math.random()} AS probe WHERE $1::int > 0`;
    const first = preparedQuery(text, [1]);
    const again = preparedQuery(text, [2]);
    const other = preparedQuery(`${text} AND true`, [1]);
    expect(first.name).toMatch(/^sv\d+_orderStats$/);
    expect(again).toEqual({ name: first.name, text, values: [2] });
    expect(other.name).not.toBe(first.name);
  });

  it('names an unlabelled statement "sql"', () => {
    expect(preparedQuery(`SELECT ${Math.random()}`, []).name).toMatch(/^sv\d+_sql$/);
  });

  it('stops naming new texts past its bound, and runs them unprepared', () => {
    const texts = Array.from({ length: 300 }, (_, i) => `/* flood */ SELECT ${i} + ${Math.random()}`);
    const configs = texts.map((text) => preparedQuery(text, []));
    expect(configs.some((c) => c.name === undefined)).toBe(true);
    const unnamed = configs.find((c) => c.name === undefined)!;
    expect(unnamed).toEqual({ text: unnamed.text, values: [] });
  });
});

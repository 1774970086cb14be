// The Guild benchmark's four subgraphs (accounts, inventory, products, reviews) re-created with @apollo/subgraph.
//
// Behaviour follows ../shared/bench/guild/README.md. Data is indexed once at start-up,
// so that each subgraph answers in microseconds and the gateway stays the bottleneck.
import { parse, type DocumentNode } from 'graphql';
import type { GuildData, GuildProduct, GuildReview, GuildSubgraph, GuildUser } from './scenario-files.ts';

export interface GuildSubgraphDefinition {
  typeDefs: DocumentNode;
  resolvers: object;
}

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key", "@external", "@requires", "@provides"])';

/** What the reviews subgraph knows of a user: the author of every review is user 1, known there as "urigo". */
interface ReviewsUser {
  id: string;
  username: string;
  reviews: GuildReview[];
}

export function guildSubgraphs(data: GuildData): Record<GuildSubgraph, GuildSubgraphDefinition> {
  const users = new Map(data.users.map((u) => [u.id, u]));
  const products = new Map(data.products.map((p) => [p.upc, p]));
  const inventory = new Map(data.inventory.map((i) => [i.upc, i]));
  const reviews = new Map(data.reviews.map((r) => [r.id, r]));
  const reviewsByUpc = new Map<string, GuildReview[]>();
  for (const review of data.reviews) reviewsByUpc.set(review.productUpc, [...(reviewsByUpc.get(review.productUpc) ?? []), review]);
  const firstTwoReviews = data.reviews.slice(0, 2);
  const author: ReviewsUser = { id: '1', username: 'urigo', reviews: firstTwoReviews };

  return {
    accounts: {
      typeDefs: parse(`${LINK}
        type Query { me: User user(id: ID!): User users: [User] }
        type User @key(fields: "id") { id: ID! name: String username: String birthday: Int }`),
      resolvers: {
        Query: {
          me: () => data.users[0],
          user: (_: unknown, { id }: { id: string }) => users.get(id) ?? null,
          users: () => data.users,
        },
        User: { __resolveReference: (ref: { id: string }): GuildUser | null => users.get(ref.id) ?? null },
      },
    },
    inventory: {
      typeDefs: parse(`${LINK}
        type Product @key(fields: "upc") {
          upc: String!
          weight: Int @external
          price: Int @external
          inStock: Boolean
          shippingEstimate: Int @requires(fields: "price weight")
        }`),
      resolvers: {
        Product: {
          __resolveReference: (ref: { upc: string; price?: number | null; weight?: number | null }) => {
            const row = inventory.get(ref.upc);
            return row ? { ...row, price: ref.price, weight: ref.weight } : null;
          },
          // As documented: free above 1000, else half the weight. (The reference implementation
          // drops price and weight in its entity resolver and so answers null.)
          shippingEstimate: (product: { price?: number | null; weight?: number | null }) => {
            if (product.price == null) return null;
            if (product.price > 1000) return 0;
            return product.weight == null ? null : Math.round(product.weight / 2);
          },
        },
      },
    },
    products: {
      typeDefs: parse(`${LINK}
        type Query { topProducts(first: Int = 5): [Product] }
        type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`),
      resolvers: {
        Query: { topProducts: (_: unknown, { first }: { first: number }) => data.products.slice(0, first) },
        Product: { __resolveReference: (ref: { upc: string }): GuildProduct | null => products.get(ref.upc) ?? null },
      },
    },
    reviews: {
      typeDefs: parse(`${LINK}
        type Review @key(fields: "id") { id: ID! body: String product: Product author: User @provides(fields: "username") }
        type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
        type Product @key(fields: "upc") { upc: String! reviews: [Review] }`),
      resolvers: {
        Review: {
          __resolveReference: (ref: { id: string }) => reviews.get(ref.id) ?? null,
          product: (review: GuildReview) => ({ upc: review.productUpc }),
          author: () => author,
        },
        User: {
          // Any user resolved by id is "user" here, with the first two reviews.
          __resolveReference: (ref: { id: string }): ReviewsUser => ({ id: ref.id, username: 'user', reviews: firstTwoReviews }),
          reviews: (user: ReviewsUser) => user.reviews,
        },
        Product: {
          __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
          reviews: (product: { upc: string }) => reviewsByUpc.get(product.upc) ?? [],
        },
      },
    },
  };
}

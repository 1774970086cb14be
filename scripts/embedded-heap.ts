// V8 heap settings for a process that holds the embedded in-memory stores: `npm start` and the benchmark's stack.
//
// At 100k persons the embedded stores hold about 3.3 GB of live objects, three quarters of
// V8's default old-space limit on a 24 GB machine (4.5 GB). Near its limit V8 collects
// often: during `npm run segments` a full mark-compact ran every ~20 s with about 2 s of
// marking on the main thread, and scavenges took 7.8 s of an 80 s refresh, 20% of the
// thread in all. With room to grow (a higher limit, the heap allowed to triple before the
// next full collection) and a larger young generation, the same refresh spends 0.4–4 s in
// GC. These are limits, not reservations: at the default 5,000 persons the process stays
// at a few hundred MB; at 100k it may reach about 10 GB before a full collection.
// Measured against a milder setting (heap allowed to double, 128 MB young generation, 5.6 GB
// at 100k): three refreshes took 62.9, 53.9 and 46.5 s against 50.3, 47.6 and 46.3 s here.
// The memory reducer is off: at this heap size its idle-time full collection is a multi-second
// stall, not a saving (below). package.json's "start" script passes the same flags (a test
// keeps the two in step).

export const EMBEDDED_HEAP_FLAGS = [
  '--max-old-space-size=16384',
  '--heap-growing-percent=200',
  // Node 24's V8 caps the young generation at 32 MB (64 MB without pointer compression) unless both are raised.
  '--max-semi-space-size=256',
  '--scavenger-max-new-space-capacity-mb=256',
  // No full collection just because the load dropped. V8's memory reducer starts one when
  // allocation slows: on the 3.3 GB heap its incremental marking took 1.8 s of the main
  // thread over 2.6 s, right as the next requests came, and legacy calls timed out.
  '--no-memory-reducer',
] as const;

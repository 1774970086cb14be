// A steward's constraints inside the incremental index: never-merge groups and forced links, each tagged with the operation that made it, so that it can be released.
import type { NeverMergeConstraint } from './types.ts';

/**
 * Never-merge constraints in the order they were added (the engine's guard tags are their
 * positions), and the tags of the forced (steward) links. A constraint or link without a tag
 * cannot be released. The same tag may be added twice (a replayed operation): it counts once.
 */
export class StewardConstraints {
  private readonly neverMerge: NeverMergeConstraint[] = [];
  private readonly neverMergeTags: (string | undefined)[] = [];
  /** Forced link id → the tags that force it. */
  private readonly forced = new Map<number, Set<string>>();
  private readonly known = new Set<string>();

  /** Every never-merge constraint in force, as the engine's guards take them. */
  get neverMergeList(): NeverMergeConstraint[] {
    return this.neverMerge;
  }

  /** Whether an operation with this tag is already in force. */
  has(tag: string | undefined): boolean {
    return tag !== undefined && this.known.has(tag);
  }

  addNeverMerge(constraint: NeverMergeConstraint, tag?: string): void {
    this.neverMerge.push(constraint);
    this.neverMergeTags.push(tag);
    if (tag !== undefined) this.known.add(tag);
  }

  addForced(link: number, tag?: string): void {
    if (tag === undefined) return;
    this.known.add(tag);
    let tags = this.forced.get(link);
    if (tags === undefined) this.forced.set(link, (tags = new Set()));
    tags.add(tag);
  }

  /**
   * Drops everything the tag added: returns the released never-merge constraints, and the forced
   * links no other tag still holds (the caller retires them).
   */
  release(tag: string): { neverMerge: NeverMergeConstraint[]; links: number[] } {
    const released: NeverMergeConstraint[] = [];
    for (let i = this.neverMerge.length - 1; i >= 0; i--) {
      if (this.neverMergeTags[i] !== tag) continue;
      released.push(this.neverMerge[i]);
      this.neverMerge.splice(i, 1);
      this.neverMergeTags.splice(i, 1);
    }
    const links: number[] = [];
    for (const [link, tags] of this.forced) {
      if (!tags.delete(tag) || tags.size > 0) continue;
      this.forced.delete(link);
      links.push(link);
    }
    this.known.delete(tag);
    return { neverMerge: released, links };
  }
}

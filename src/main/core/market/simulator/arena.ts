/**
 * Carves fixed-size memory regions out of large slabs. Allocating thousands of small ArrayBuffers is slow in V8
 * (each is a separate backing store and nudges the GC), so paths and daily chunks take regions from slabs.
 */

/** A region of a slab: typed-array views are built on (buffer, offset). */
export interface Region {
  readonly buffer: ArrayBuffer;
  /** Byte offset, a multiple of 8. */
  readonly offset: number;
}

/** Hands out regions of `bytes` bytes; a slab lives as long as any region of it is referenced. */
export class Arena {
  private slab: ArrayBuffer | null = null;
  private used = 0;
  private readonly stride: number;

  constructor(
    readonly bytes: number,
    private readonly perSlab = 64,
  ) {
    this.stride = Math.ceil(bytes / 8) * 8;
  }

  /** A fresh, zero-filled region. */
  take(): Region {
    if (!this.slab || this.used + this.stride > this.slab.byteLength) {
      this.slab = new ArrayBuffer(this.stride * this.perSlab);
      this.used = 0;
    }
    const offset = this.used;
    this.used += this.stride;
    return { buffer: this.slab, offset };
  }
}

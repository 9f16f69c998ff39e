/** "Now" for every host feature (status bar, tree, presets, sample shift); tests can pin it through a hidden command. */
let pinned: number | undefined;

export const clock = {
  now(): number {
    return pinned ?? Date.now();
  },
  /** undefined un-pins */
  pin(ms: number | undefined): void {
    pinned = ms;
  },
  get pinned(): boolean {
    return pinned !== undefined;
  },
};

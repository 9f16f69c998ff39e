/**
 * The store worker, the parse thread and the figure thread run with a 16 MB young generation. What they make
 * mostly dies young (a piece's rows become a batch that is sent away; a pass's or a repricing's small objects), and V8's
 * default size only kept more of that garbage resident: in alternated runs of a 1M import with the bench's
 * reports and repricing, peak RSS 580–605 MB against 597–623 with the parse thread limited, and 550–606
 * (median 592) against 584–640 (median 624) with the store worker limited too, imports and reports as fast.
 */
export const threadResourceLimits = { maxYoungGenerationSizeMb: 16 } as const;

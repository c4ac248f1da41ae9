/**
 * Back/Next oscillation: the user moves back and forth between the same two steps, changing
 * direction `changes` times within `windowMs` (a step they cannot make sense of, or a
 * previous step they keep re-reading). Pure: moves and time are passed in.
 */
export interface Move {
  /** The step the user left. */
  from: string;
  direction: "next" | "back";
  ts: number;
}

export function createOscillationTracker(changes: number, windowMs: number) {
  let moves: Move[] = [];
  let guide: string | undefined;
  return {
    /**
     * Notes a move in `guideId`; returns the two steps involved (the one the user retreats
     * from first) when the moves within the window changed direction `changes` times.
     */
    add(guideId: string, move: Move): { step: string; steps: string[]; changes: number } | null {
      if (guide !== guideId) moves = [];
      guide = guideId;
      moves = moves.filter((m) => move.ts - m.ts < windowMs);
      moves.push(move);
      // "The same steps": drop older moves until at most two steps are involved.
      while (new Set(moves.map((m) => m.from)).size > 2) moves.shift();
      let count = 0;
      for (let i = 1; i < moves.length; i++)
        if (moves[i]!.direction !== moves[i - 1]!.direction) count++;
      if (count < changes) return null;
      const steps = [...new Set(moves.map((m) => m.from))];
      const retreatedFrom =
        [...moves].reverse().find((m) => m.direction === "back")?.from ?? move.from;
      moves = [];
      return { step: retreatedFrom, steps, changes: count };
    },
    reset() {
      moves = [];
      guide = undefined;
    },
  };
}

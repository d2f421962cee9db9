/**
 * How many paid generations the run may still make, shared by every target: a generation case
 * takes one before it runs and gives it back when it is skipped before its primary request.
 */
export interface GenerationBudget {
  /** Takes one generation; answers why the case is skipped when none is left. */
  take(): string | undefined;
  /** Gives back a generation that was taken but not paid for. */
  refund(): void;
  /** Generations taken and not given back. */
  readonly used: number;
}

export function createGenerationBudget(limit: number): GenerationBudget {
  let remaining = limit;
  let used = 0;
  return {
    take() {
      if (remaining <= 0) return `generation budget exhausted (--budget ${used + remaining})`;
      remaining -= 1;
      used += 1;
      return undefined;
    },
    refund() {
      remaining += 1;
      used -= 1;
    },
    get used() {
      return used;
    },
  };
}

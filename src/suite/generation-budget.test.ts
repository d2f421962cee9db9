import { expect, it } from 'vitest';
import { createGenerationBudget } from './generation-budget.js';

it('skips a generation once the budget is spent, naming the budget', () => {
  const budget = createGenerationBudget(1);

  expect(budget.take()).toBeUndefined();
  expect(budget.take()).toBe('generation budget exhausted (--budget 1)');
  expect(budget.used).toBe(1);
});

it('counts a generation given back as not used, and lets another case take it', () => {
  const budget = createGenerationBudget(1);
  budget.take();
  budget.refund();

  expect(budget.used).toBe(0);
  expect(budget.take()).toBeUndefined();
});

it('never runs out when unlimited', () => {
  const budget = createGenerationBudget(Number.POSITIVE_INFINITY);

  for (let i = 0; i < 100; i += 1) expect(budget.take()).toBeUndefined();
  expect(budget.used).toBe(100);
});

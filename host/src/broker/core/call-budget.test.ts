import assert from "node:assert/strict";
import { test } from "node:test";
import { CallBudget } from "./call-budget.ts";

const spend = (budget: CallBudget, calls: number) => {
  for (let i = 0; i < calls; i++) budget.consume("ctx.http");
};
const refused = (budget: CallBudget) => assert.throws(() => budget.consume("ctx.http"), { code: "BROKER_BUDGET_EXCEEDED" });

test("a broker used before any operation allows one operation's worth", () => {
  const budget = new CallBudget(2);
  spend(budget, 2);
  refused(budget);
});

test("one operation makes at most `limit` calls; the next operation starts over", () => {
  const budget = new CallBudget(3);
  const end = budget.begin();
  spend(budget, 3);
  refused(budget);
  end();
  budget.begin();
  spend(budget, 3);
  refused(budget);
});

test("overlapping operations pool their allowances: a second neither resets nor starves the first", () => {
  const budget = new CallBudget(10);
  const endPoll = budget.begin();
  spend(budget, 8);
  const endTest = budget.begin();
  assert.equal(budget.used, 8, "the running poll's calls still count");
  spend(budget, 12);
  refused(budget);
  assert.equal(budget.used, 20, "two operations, never more than 2 x 10 calls");
  endPoll();
  endPoll();
  refused(budget);
  endTest();
  budget.begin();
  assert.equal(budget.used, 0, "with none running, a new operation starts over");
  spend(budget, 10);
  refused(budget);
});

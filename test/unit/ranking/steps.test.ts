import { defaultRanker } from '../../../src/ranking/default-ranker';
import { featureStats } from '../../../src/ranking/feature-stats';
import { rankForUser, rankSteps } from '../../../src/ranking/rank-for-user';
import { runSteps, runStepsAsync, type Steps } from '../../../src/ranking/steps';
import { userStateFromData } from '../../../src/ranking/user-state';
import { tinyData } from './fixtures';

function* three(log: string[]): Steps<string> {
  log.push('a');
  yield;
  log.push('b');
  yield;
  log.push('c');
  return 'done';
}

describe('work in steps', () => {
  test('runSteps runs every step at once; runStepsAsync waits before each step, the first included', async () => {
    const sync: string[] = [];
    expect(runSteps(three(sync))).toBe('done');
    expect(sync).toEqual(['a', 'b', 'c']);
    const log: string[] = [];
    const result = await runStepsAsync(three(log), async () => void log.push('wait'));
    expect(result).toBe('done');
    expect(log).toEqual(['wait', 'a', 'wait', 'b', 'wait', 'c']);
  });

  test('a feed is ranked in several steps, with the same result as rankForUser in one go', async () => {
    const data = tinyData();
    const model = defaultRanker(featureStats(data));
    const request = { user: 0, state: userStateFromData(data, 0), k: 5, now: 1_700_000_000_000 };
    let waits = 0;
    const stepped = await runStepsAsync(rankSteps(data, model, request), async () => void waits++);
    expect(waits).toBeGreaterThanOrEqual(8);
    expect(stepped).toEqual(rankForUser(data, model, request));
  });
});

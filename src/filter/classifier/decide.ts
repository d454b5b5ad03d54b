/**
 * What the classifier does with one host (pure): the strongest decision any category allows.
 * At or above `blockAt`, where the setting is `block`: stop it. At or above `warnAt` (or above
 * `blockAt` where the setting is only `warn`): the warn page. A threshold above 1 is never
 * reached (a category the lists could not teach: train.ts thresholdFor), and is checked here too,
 * so a model built from the seed lists never acts.
 */
import type { ClassifierActions } from '../../policy/classifier';
import type { ClassifiedCategory } from './dataset';
import { CLASSIFIED_CATEGORIES } from './dataset';
import type { HostClassifier } from './model';
import { scoreHost } from './model';

export interface ClassifiedStop {
  category: ClassifiedCategory;
  action: 'block' | 'warn';
  score: number;
}

const reachable = (threshold: number) => threshold <= 1;

export function classifyHost(model: HostClassifier, host: string, settings: ClassifierActions): ClassifiedStop | null {
  const acting = model.categories.filter((c) => (CLASSIFIED_CATEGORIES as readonly string[]).includes(c.category) && settings[c.category as ClassifiedCategory] !== 'off');
  // Most navigations: nothing acts, nothing is scored.
  if (acting.length === 0 || !acting.some((c) => reachable(c.warnAt) || reachable(c.blockAt))) return null;
  const scores = new Map(scoreHost({ ...model, categories: acting }, host).map((s) => [s.category, s.score]));
  let best: ClassifiedStop | null = null;
  for (const category of acting) {
    const id = category.category as ClassifiedCategory;
    const score = scores.get(id)!;
    const blocks = settings[id] === 'block' && reachable(category.blockAt) && score >= category.blockAt;
    const warns = reachable(category.warnAt) && score >= category.warnAt;
    if (!blocks && !warns) continue;
    const found: ClassifiedStop = { category: id, action: blocks ? 'block' : 'warn', score };
    if (!best || (found.action === 'block' && best.action === 'warn') || (found.action === best.action && found.score > best.score)) best = found;
  }
  return best;
}

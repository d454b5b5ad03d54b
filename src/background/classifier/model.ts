/**
 * The classifier's model, read from the extension package once per worker (it changes only with an
 * update) and timed, so the status of a slow load is a number, not a guess.
 */
import { decodeModel, type HostClassifier } from '../../filter/classifier/model';
import { CLASSIFIER_MODEL_PATH } from '../../filter/classifier/model-file';
import { isCategoryId } from '../../shared/categories';

export interface LoadedModel {
  model: HostClassifier;
  /** Fetch and decode, in milliseconds. */
  loadMs: number;
  bytes: number;
}

let loading: Promise<LoadedModel | null> | null = null;

export function classifierModel(): Promise<LoadedModel | null> {
  if (!loading) {
    const started = performance.now();
    loading = fetch(chrome.runtime.getURL(CLASSIFIER_MODEL_PATH))
      .then((response) => response.arrayBuffer())
      .then((buffer) => ({ model: decodeModel(new Uint8Array(buffer), isCategoryId), loadMs: performance.now() - started, bytes: buffer.byteLength }))
      .catch((error: unknown) => {
        // No model, no classification: the lists go on as they are. Tried again on the next worker.
        console.error('the classifier model could not be loaded; unlisted sites are not classified', error);
        return null;
      });
  }
  return loading;
}

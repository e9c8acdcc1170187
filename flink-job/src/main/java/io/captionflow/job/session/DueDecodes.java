package io.captionflow.job.session;

import io.captionflow.asr.cacheaware.CacheAwareStream;
import io.captionflow.job.inference.WindowDecoder;
import java.util.Optional;

/**
 * A session's decodes that wait for the operator's batched round across sessions ({@link
 * SessionStream#deferDecodes}), oldest first: what each needs of the models, and its completion.
 */
interface DueDecodes {

  /** A session that has not begun: nothing is due. */
  DueDecodes NONE =
      new DueDecodes() {
        @Override
        public boolean hasDueDecode() {
          return false;
        }

        @Override
        public long oldestDueNanos() {
          throw new IllegalStateException("no decode is due");
        }

        @Override
        public Optional<WindowDecoder.Request> dueRequest(SessionOutput out) {
          return Optional.empty();
        }

        @Override
        public Optional<CacheAwareStream> dueStream() {
          return Optional.empty();
        }

        @Override
        public void completeDueStream(long nanos, SessionOutput out) {
          throw new IllegalStateException("no decode is due");
        }

        @Override
        public void completeDue(WindowDecoder.Result result, SessionOutput out) {
          throw new IllegalStateException("no decode is due");
        }
      };

  boolean hasDueDecode();

  /** When the oldest due decode fell due (System.nanoTime). */
  long oldestDueNanos();

  /**
   * Completes, in order, the due decodes that need no model call; then the model call the oldest
   * remaining one needs, or empty when none is due.
   */
  Optional<WindowDecoder.Request> dueRequest(SessionOutput out);

  /** The model stream whose next window the oldest due decode encodes, if it is a streaming one. */
  Optional<CacheAwareStream> dueStream();

  /** The oldest due decode's window was decoded (in a batched round): confirm what it heard. */
  void completeDueStream(long nanos, SessionOutput out);

  /** The result of the model call {@link #dueRequest} asked for. */
  void completeDue(WindowDecoder.Result result, SessionOutput out);
}

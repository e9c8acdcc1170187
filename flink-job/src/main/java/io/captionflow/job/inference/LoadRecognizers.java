package io.captionflow.job.inference;

import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.fixtures.asr.ModelCostRecognizer;
import io.captionflow.fixtures.asr.NullRecognizer;

/**
 * The recognizers of {@code captionflow load}, as loaders a job graph can carry (enum constants:
 * serializable, and each its own class, which is what the shared-model holder keys on).
 */
public enum LoadRecognizers implements ModelSpec.Loader {
  /** {@link NullRecognizer}: no model at all; the config's directory is not read. */
  NULL {
    @Override
    public SpeechRecognizer load(RecognizerConfig config) {
      return new NullRecognizer();
    }
  },

  /**
   * The model in the config's directory (the synthetic Parakeet) for its cost, marker words out.
   */
  MODEL_COST {
    @Override
    public SpeechRecognizer load(RecognizerConfig config) {
      return new ModelCostRecognizer(ParakeetRecognizer.load(config));
    }
  }
}

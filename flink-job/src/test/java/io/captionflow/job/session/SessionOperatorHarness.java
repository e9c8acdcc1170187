package io.captionflow.job.session;

import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.TranscriptEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** The session operator under Flink's keyed test harness, transcribing with the fixture model. */
final class SessionOperatorHarness {

  private SessionOperatorHarness() {}

  /** The fixture model directory on the CPU, one intra-op thread, loaded by {@code loader}. */
  static ModelSpec fixtureModels(ModelSpec.Loader loader) {
    return new ModelSpec(FixtureAudio.modelDir().toString(), "cpu", "fp32", 1, null, loader);
  }

  /** A set-up harness around a session operator of {@code processor} and {@code bundle}. */
  static KeyedOneInputStreamOperatorTestHarness<String, SessionInput, TranscriptEvent> open(
      SessionProcessor processor, SessionOperator.Bundle bundle) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new SessionOperator(processor, bundle), in -> in.sessionId, Types.STRING);
    h.setup();
    return h;
  }
}

package io.captionflow.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.audio.PcmCodec;
import io.captionflow.ingest.RecordingPublisher;
import io.captionflow.ingest.chunking.SessionChunker;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.wire.StartSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourcePumpTest {

  @Test
  void aNanSampleEndsTheSessionWithAReasonKeepingTheAudioBeforeItsBlock() throws Exception {
    float[] audio = new float[4000]; // 0.25 s at 16 kHz; the pump reads 1600 samples at a time
    java.util.Arrays.fill(audio, 0.25f);
    audio[1701] = Float.NaN; // in the second block
    RawPcmSource source =
        new RawPcmSource(
            new ByteArrayInputStream(PcmCodec.encodeF32(audio)),
            SampleFormat.F32LE,
            16000,
            1,
            "stdin");
    RecordingPublisher sink = new RecordingPublisher();
    SessionChunker session =
        new SessionChunker(
            "nan", new StartSettings(null, null, "stdin"), sink, 100, Duration.ZERO, () -> 1L);

    IOException e =
        assertThrows(
            IOException.class, () -> new SourcePump(0, (done, total) -> {}).run(source, session));

    assertEquals(
        "stdin: sample 1701 (at 0.106 s) is NaN: audio samples must be finite numbers; refused",
        e.getMessage());
    assertEquals(1600, session.samples16k()); // the first block only: nothing of the refused one
    assertEquals(2, sink.chunks().size()); // one full chunk, then the end-of-stream chunk
    assertEquals(true, sink.chunks().get(1).getEndOfStream());
    assertEquals(SessionEventType.END, sink.events().get(sink.events().size() - 1).getType());
  }
}

package io.captionflow.job.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavWriter;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The file entrance's records: what the bridge would publish, with event timestamps. */
class FileReplayTest {

  @Test
  void aFileIsStartChunksAndAnEndNamingTheLastChunkStampedWithTheirAudioPosition()
      throws Exception {
    Path wav = Files.createTempDirectory("captionflow-file-replay").resolve("quarter.wav");
    WavWriter.write(wav, new PcmAudio(new float[4_000], 16_000)); // 0.25 s: 3 chunks, last short
    assertEquals(3, FileReplay.chunkCount(wav));
    FileReplay.Generator generator =
        new FileReplay.Generator(wav.toString(), "room", "speedy", 0, Topics.DEFAULT);
    generator.open(null);
    List<RawRecord> records = new ArrayList<>();
    for (long i = 0; i < FileReplay.chunkCount(wav) + 2; i++) {
      records.add(generator.map(i));
    }
    long t0 = records.get(0).timestamp;
    assertEquals(
        List.of(
            Topics.DEFAULT.sessionEvents() + "@0",
            Topics.DEFAULT.audio() + "@0",
            Topics.DEFAULT.audio() + "@100",
            Topics.DEFAULT.audio() + "@200",
            Topics.DEFAULT.sessionEvents() + "@300"),
        records.stream().map(r -> r.topic + "@" + (r.timestamp - t0)).toList());

    SessionEvent start = AvroCodec.sessionEvent().decode(records.get(0).value);
    SessionEvent end = AvroCodec.sessionEvent().decode(records.get(4).value);
    assertEquals(SessionEventType.START, start.getType());
    assertEquals(null, start.getLastSequence());
    assertEquals(SessionEventType.END, end.getType());
    assertEquals(2L, end.getLastSequence());
    assertEquals(t0 + 300, end.getEventTimeMillis());

    AvroCodec<AudioChunk> chunks = AvroCodec.audioChunk();
    List<String> audio = new ArrayList<>();
    for (RawRecord r : records.subList(1, 4)) {
      AudioChunk c = chunks.decode(r.value);
      audio.add(c.getSequence() + ":" + c.getPcm().remaining() / 2 + ":" + c.getEndOfStream());
    }
    assertEquals(List.of("0:1600:false", "1:1600:false", "2:800:true"), audio);
  }
}

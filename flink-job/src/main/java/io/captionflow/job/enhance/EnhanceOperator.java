package io.captionflow.job.enhance;

import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.diarization.model.DiarizationAvailability;
import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.streaming.StreamingDiarizer;
import io.captionflow.diarization.timeline.DiarizationSettings;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.inference.CudaDeviceSelection;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.inference.SharedModels;
import io.captionflow.job.source.RawRecord;
import io.captionflow.schema.TranscriptEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enhancement of one run, at parallelism 1: reads the range's records in offset order (the
 * order the live job read them), keeps the session's chunks as the live job would, and once the
 * input ends decodes the whole recording, diarizes it if the run asked for speakers, and emits the
 * enhanced segments numbered from 0, then the ENHANCED status. It holds the run's audio in memory
 * (4 bytes per sample: 230 MB per hour) until the end.
 */
public final class EnhanceOperator extends AbstractStreamOperator<TranscriptEvent>
    implements OneInputStreamOperator<RawRecord, TranscriptEvent>, BoundedOneInput {

  private static final Logger LOG = LoggerFactory.getLogger(EnhanceOperator.class);

  private final EnhancementRequest request;
  private final ModelSpec models;
  private final String audioTopic;
  private final double maxChunkSeconds;
  private final int reorderWindow;

  private transient SharedModels.Lease<SpeechRecognizer> recognizer;
  private transient SharedModels.Lease<DiarizationAvailability> diarization;
  private transient RunChunkDecoder decoder;
  private transient RunAudioAssembler assembler;
  private transient long refused;

  public EnhanceOperator(
      EnhancementRequest request,
      ModelSpec models,
      String audioTopic,
      double maxChunkSeconds,
      int reorderWindow) {
    this.request = request;
    this.models = models;
    this.audioTopic = audioTopic;
    this.maxChunkSeconds = maxChunkSeconds;
    this.reorderWindow = reorderWindow;
  }

  @Override
  public void open() throws Exception {
    super.open();
    ModelSpec task = CudaDeviceSelection.forTask(models, getRuntimeContext());
    recognizer = task.acquireRecognizer();
    if (request.settings().diarization()) {
      diarization = acquireWholeRecordingDiarization(task);
      Optional<String> missing =
          diarization.model().refusal(DiarizationSettings.on(request.settings().maxSpeakers()));
      if (missing.isPresent()) {
        throw new IllegalStateException(request + ": " + missing.get());
      }
    }
    decoder = new RunChunkDecoder(request.sessionId(), audioTopic, maxChunkSeconds);
    assembler = new RunAudioAssembler(reorderWindow);
  }

  /**
   * The Sortformer model with the chunking its file declares (10 s for the NeMo export), not the
   * live job's 1.04 s low-latency setting: nothing waits for the speakers here, and longer chunks
   * give each decision more context.
   */
  static SharedModels.Lease<DiarizationAvailability> acquireWholeRecordingDiarization(
      ModelSpec models) {
    Optional<SortformerConfig> config =
        models.sortformerModel() == null
            ? Optional.empty()
            : Optional.of(
                new SortformerConfig(
                    Path.of(models.sortformerModel()), models.device(), 0, Optional.empty()));
    return SharedModels.acquire(
        "sortformer-whole-recording:" + models.sortformerModel() + ":" + models.device(),
        key -> DiarizationAvailability.load(config));
  }

  @Override
  public void processElement(StreamRecord<RawRecord> element) {
    RunChunkDecoder.Decoded chunk = decoder.decode(element.getValue());
    if (chunk == null) {
      return;
    }
    if (chunk.refusal() != null) {
      refused++;
      LOG.warn(
          "{}: record at offset {} left out, as the live job left it out: {}",
          request,
          element.getValue().offset,
          chunk.refusal());
      return;
    }
    assembler.offer(chunk.sequence(), chunk.samples(), chunk.endOfStream());
  }

  @Override
  public void endInput() {
    RunAudio audio = assembler.finish();
    LOG.info("{}: {}; decoding it whole", request, audio.describe());
    long t0 = System.nanoTime();
    StreamingDiarizer diarizer =
        diarization == null
            ? null
            : new StreamingDiarizer(diarization.model().model().orElseThrow());
    String audioLine = audio.describe();
    double seconds = audio.seconds();
    List<Segment> segments =
        RunTranscriber.transcribe(audio, recognizer.model(), diarizer, request.settings());
    double wallSeconds = (System.nanoTime() - t0) / 1e9;
    long now = System.currentTimeMillis();
    for (Segment s : segments) {
      output.collect(new StreamRecord<>(EnhancedEvents.segment(request, s, now)));
    }
    String summary = summary(segments, audioLine);
    LOG.info(
        "{} enhanced in {} s: {}",
        request,
        String.format(Locale.ROOT, "%.1f", wallSeconds),
        summary);
    output.collect(new StreamRecord<>(EnhancedEvents.enhanced(request, summary, seconds, now)));
  }

  private String summary(List<Segment> segments, String audioLine) {
    int words = segments.stream().mapToInt(s -> s.words().size()).sum();
    long speakers =
        segments.stream().map(Segment::speaker).filter(Objects::nonNull).distinct().count();
    return words
        + " words in "
        + segments.size()
        + " segments"
        + (request.settings().diarization() ? ", " + speakers + " speakers" : "")
        + "; "
        + audioLine
        + (refused > 0 ? "; " + refused + " records left out as the live job left them out" : "")
        + "; audio "
        + request.range()
        + " ("
        + request.range().foundBy()
        + ")";
  }

  @Override
  public void close() throws Exception {
    if (recognizer != null) {
      recognizer.close();
    }
    if (diarization != null) {
      diarization.close();
    }
    super.close();
  }
}

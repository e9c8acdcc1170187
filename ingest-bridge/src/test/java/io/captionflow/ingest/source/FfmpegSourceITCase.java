package io.captionflow.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.Resampler;
import io.captionflow.audio.WavReader;
import io.captionflow.ingest.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Non-WAV files through ffmpeg; skipped where ffmpeg is not installed. */
class FfmpegSourceITCase {

  @TempDir Path dir;

  @Test
  void flacIsDecodedToSixteenKilohertzMatchingTheRecording() throws Exception {
    assumeTrue(FfmpegSource.isInstalled(), "ffmpeg is not installed");
    Path flac = dir.resolve("8k.flac");
    Process encode =
        new ProcessBuilder(
                "ffmpeg",
                "-nostdin",
                "-loglevel",
                "error",
                "-i",
                TestData.speech("8k.wav").toString(),
                flac.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(encode.getInputStream().readAllBytes());
    assertTrue(encode.waitFor(60, TimeUnit.SECONDS) && encode.exitValue() == 0, log);

    float[] decoded;
    try (AudioSource source = AudioFiles.open(flac)) {
      assertInstanceOf(FfmpegSource.class, source);
      assertEquals(16000, source.sampleRate());
      decoded = readAll(source);
    }
    PcmAudio original = WavReader.read(TestData.speech("8k.wav"));
    float[] ours = Resampler.of(8000, 16000).resample(original.samples());
    assertEquals(
        ours.length, decoded.length, 16); // same duration (ffmpeg may differ by a few samples)
    double signal = 0, error = 0;
    for (int i = 0; i < Math.min(ours.length, decoded.length); i++) {
      signal += (double) ours[i] * ours[i];
      error += (double) (decoded[i] - ours[i]) * (decoded[i] - ours[i]);
    }
    double snr = 10 * Math.log10(signal / error);
    System.out.printf("8k.flac via ffmpeg vs our resampler: SNR %.1f dB%n", snr);
    assertTrue(
        snr > 33, "SNR " + snr); // measured 37.2 dB: ffmpeg's default swr filter differs from ours
  }

  @Test
  void undecodableFilesNameFfmpegsComplaint() throws Exception {
    assumeTrue(FfmpegSource.isInstalled(), "ffmpeg is not installed");
    Path junk = dir.resolve("junk.mp3");
    Files.write(junk, new byte[] {'n', 'o', 't', ' ', 'a', 'u', 'd', 'i', 'o', 0, 1, 2, 3});
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              try (AudioSource source = AudioFiles.open(junk)) {
                readAll(source);
              }
            });
    assertTrue(e.getMessage().startsWith("ffmpeg could not decode " + junk), e.getMessage());
  }

  private static float[] readAll(AudioSource source) throws IOException {
    float[] all = new float[0];
    float[] block = new float[4096];
    int n;
    while ((n = source.read(block)) >= 0) {
      int old = all.length;
      all = Arrays.copyOf(all, old + n);
      System.arraycopy(block, 0, all, old, n);
    }
    return all;
  }
}

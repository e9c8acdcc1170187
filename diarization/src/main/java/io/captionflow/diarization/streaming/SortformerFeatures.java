package io.captionflow.diarization.streaming;

import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.inference.features.LogMelSpectrogram;
import io.captionflow.inference.features.MelFilterbank;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The Sortformer front end: the ASR's NeMo log-mel (pre-emphasis 0.97, centred 512-point frames every 160
 * samples, symmetric 400-sample Hann, Slaney mel filters, ln(x + 2⁻²⁴)) WITHOUT per-feature normalisation
 * (the streaming Sortformer preprocessor uses {@code normalize: NA}), computed over a session's whole audio
 * stream so that any feature frame comes out the same however the audio was cut into pieces.
 * Feature frame {@code t} is centred on sample {@code 160 t}; samples before the stream start are zero.
 */
public final class SortformerFeatures {

    /** Samples a feature frame reaches on each side of its centre. */
    public static final int HALF_FRAME = LogMelSpectrogram.N_FFT / 2;
    private static final double PRE_EMPHASIS = 0.97;
    private static final double LOG_GUARD = Math.pow(2, -24);

    private final MelFilterbank filterbank = new MelFilterbank(SortformerModel.FEATURES, LogMelSpectrogram.N_FFT,
            LogMelSpectrogram.SAMPLE_RATE, 0, LogMelSpectrogram.SAMPLE_RATE / 2.0);
    private final double[] window = new double[LogMelSpectrogram.N_FFT];

    public SortformerFeatures() {
        int offset = (LogMelSpectrogram.N_FFT - LogMelSpectrogram.WINDOW) / 2;
        for (int i = 0; i < LogMelSpectrogram.WINDOW; i++) {
            window[offset + i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (LogMelSpectrogram.WINDOW - 1));
        }
    }

    /** First stream sample that feature frame {@code frame} needs (one earlier for pre-emphasis). */
    public static long firstSampleNeeded(long frame) {
        return Math.max(0, frame * LogMelSpectrogram.HOP - HALF_FRAME - 1);
    }

    /**
     * Log-mel of feature frames {@code [fromFrame, fromFrame + count)}, frame-major ({@code count × 128}).
     *
     * @param audio      stream samples {@code [audioStart, audioStart + audio.length)}; must start at or before
     *                   {@link #firstSampleNeeded(long) firstSampleNeeded(fromFrame)}; samples past its end count as zero
     * @param audioStart stream index of {@code audio[0]}
     */
    public float[] compute(float[] audio, long audioStart, long fromFrame, int count) {
        if (audioStart > firstSampleNeeded(fromFrame)) {
            throw new IllegalArgumentException("audio starts at sample " + audioStart + " but frame " + fromFrame
                    + " needs samples from " + firstSampleNeeded(fromFrame));
        }
        int n = LogMelSpectrogram.N_FFT;
        int mels = SortformerModel.FEATURES;
        float[] out = new float[count * mels];
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        double[] frame = new double[n];
        double[] power = new double[n / 2 + 1];
        double[] mel = new double[mels];
        for (int t = 0; t < count; t++) {
            long first = (fromFrame + t) * LogMelSpectrogram.HOP - HALF_FRAME;
            for (int i = 0; i < n; i++) {
                frame[i] = emphasised(audio, audioStart, first + i) * window[i];
            }
            fft.realForward(frame);
            power[0] = frame[0] * frame[0];
            power[n / 2] = frame[1] * frame[1];
            for (int k = 1; k < n / 2; k++) {
                power[k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
            }
            filterbank.apply(power, mel);
            for (int m = 0; m < mels; m++) {
                out[t * mels + m] = (float) Math.log(mel[m] + LOG_GUARD);
            }
        }
        return out;
    }

    private static double emphasised(float[] audio, long audioStart, long sample) {
        if (sample < 0 || sample - audioStart >= audio.length) {
            return 0; // zero padding outside the stream, after pre-emphasis as NeMo pads
        }
        return at(audio, audioStart, sample) - (sample == 0 ? 0 : PRE_EMPHASIS * at(audio, audioStart, sample - 1));
    }

    private static double at(float[] audio, long audioStart, long sample) {
        long i = sample - audioStart;
        return i < audio.length ? audio[(int) i] : 0;
    }
}

#!/usr/bin/env python3
"""Independent numpy reference for the NeMo-style 128-bin log-mel front end (float64, no librosa).

Writes src/test/resources/mel_reference.txt, checked by LogMelSpectrogramTest:
  line 1: "<samples> <features> <frames>"
  then one line per mel bin with <frames> values.
Run from asr-engine/: python3 src/test/python/mel_reference.py
"""
import numpy as np

SR, N_FFT, HOP, WIN, N_MELS = 16000, 512, 160, 400, 128


def reference_input(n=8000):
    """Deterministic input the Java test synthesises identically (two tones + a sawtooth)."""
    t = np.arange(n, dtype=np.float64)
    return (0.3 * np.sin(2 * np.pi * 440.0 * t / SR)
            + 0.2 * np.sin(2 * np.pi * 3000.0 * t / SR + 0.5)
            + 0.05 * ((t * 7919) % 1000 / 500.0 - 1.0))


def hz_to_mel(f):
    """Slaney mel scale: linear below 1 kHz, logarithmic above."""
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mel = f / f_sp
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, mel)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    f = f_sp * m
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f)


def mel_filterbank(n_mels=N_MELS, fmin=0.0, fmax=SR / 2):
    fft_freqs = np.linspace(0, SR / 2, N_FFT // 2 + 1)
    mel_pts = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fb = np.zeros((n_mels, len(fft_freqs)))
    for m in range(n_mels):
        lo, ce, hi = mel_pts[m], mel_pts[m + 1], mel_pts[m + 2]
        up = (fft_freqs - lo) / (ce - lo)
        down = (hi - fft_freqs) / (hi - ce)
        fb[m] = np.maximum(0, np.minimum(up, down))
        fb[m] *= 2.0 / (hi - lo)  # Slaney area normalisation
    return fb


def log_mel(x):
    x = np.asarray(x, dtype=np.float64)
    y = np.concatenate([[x[0]], x[1:] - 0.97 * x[:-1]])
    padded = np.pad(y, (N_FFT // 2, N_FFT // 2))
    window = np.zeros(N_FFT)
    off = (N_FFT - WIN) // 2
    window[off:off + WIN] = np.hanning(WIN)
    n_frames = len(x) // HOP
    frames = np.stack([padded[i * HOP:i * HOP + N_FFT] * window for i in range(n_frames)])
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    mel = np.log(power @ mel_filterbank().T + 2.0 ** -24).T  # [mels, frames]
    mean = mel.mean(axis=1, keepdims=True)
    std = mel.std(axis=1, ddof=1, keepdims=True)
    return (mel - mean) / (std + 1e-5)


if __name__ == "__main__":
    x = reference_input()
    feats = log_mel(x)
    with open("src/test/resources/mel_reference.txt", "w") as out:
        out.write(f"{len(x)} {feats.shape[0]} {feats.shape[1]}\n")
        for row in feats:
            out.write(" ".join(f"{v:.6f}" for v in row) + "\n")
    print("wrote", feats.shape)

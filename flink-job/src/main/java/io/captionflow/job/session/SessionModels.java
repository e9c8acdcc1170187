package io.captionflow.job.session;

import io.captionflow.inference.cacheaware.StreamingRecognizer;
import io.captionflow.inference.vad.VadModel;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.WindowDecoder;

/**
 * The shared models a session decodes with, passed in and never stored: {@code decoder} serves the
 * window modes and chunked, {@code streaming} the streaming mode (either may be null).
 */
record SessionModels(
    WindowDecoder decoder, StreamingRecognizer streaming, VadModel vad, Diarization diarization) {}

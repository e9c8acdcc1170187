package io.captionflow.asr;

import java.util.List;

/**
 * Tokens decoded from a frame range, and the state to continue from; {@code nextFrame} may pass
 * toFrame by a TDT skip.
 */
public record DecodeResult(List<Token> tokens, DecoderState state, int nextFrame) {}

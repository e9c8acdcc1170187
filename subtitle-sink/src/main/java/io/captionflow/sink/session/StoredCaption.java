package io.captionflow.sink.session;

/**
 * A caption as delivered, with its wire JSON encoded once for every subscriber and every replay.
 */
record StoredCaption(Caption caption, String json) {}

/**
 * What each inference endpoint computes, independent of the transport: request decoding into the graph input, the segment/classify/reconstruct runners and their post-processing.
 */
package dev.flemme4j.serving.task;

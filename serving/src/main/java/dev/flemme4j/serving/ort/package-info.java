/**
 * ONNX Runtime: one session per model version with its execution device, and tensor conversion in and out of it.
 */
package dev.flemme4j.serving.ort;

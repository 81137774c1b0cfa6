/**
 * Our own ONNX writer: a protobuf subset of ModelProto and a graph builder that blocks emit their nodes into.
 */
package dev.flemme4j.modelzoo.onnx;

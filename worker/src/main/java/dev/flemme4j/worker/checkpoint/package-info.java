/** What a job leaves on disk: checkpoints (weights, optimiser moments, offsets) and the ONNX export of the chosen checkpoint. */
package dev.flemme4j.worker.checkpoint;

/** Validation: the Flemme metrics (segmentation, reconstruction, classification), their numerics and the best-score selection. */
package dev.flemme4j.worker.evaluation;

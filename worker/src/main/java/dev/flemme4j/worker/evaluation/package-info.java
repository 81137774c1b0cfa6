/** Validation: the Flemme metrics (segmentation, reconstruction incl. point-cloud CD/EMD, classification), their numerics and the best-score selection. */
package dev.flemme4j.worker.evaluation;

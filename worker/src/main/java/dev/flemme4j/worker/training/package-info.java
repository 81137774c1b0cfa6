/** The training loop of a job: engine set-up, optimiser (torch-equivalent Adam), learning-rate schedule, gradient clipping and divergence. */
package dev.flemme4j.worker.training;

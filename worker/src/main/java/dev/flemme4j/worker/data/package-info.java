/** Training data on the worker: reading a dataset's data topic, decoding samples, shuffling and assembling batches. */
package dev.flemme4j.worker.data;

/**
 * The control-plane records on Kafka: job states, progress and errors, worker commands and events, dataset
 * ingestion and model releases.
 */
package dev.flemme4j.protocol.job;

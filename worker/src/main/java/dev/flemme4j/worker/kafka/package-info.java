/** The worker's Kafka edges: the command loop that receives TRAIN commands and the event publisher for progress and results. */
package dev.flemme4j.worker.kafka;

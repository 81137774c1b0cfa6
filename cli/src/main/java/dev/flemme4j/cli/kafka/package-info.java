/**
 * The embedded Apache Kafka broker (KRaft, one process, optional SCRAM) that {@code flemme local} and
 * {@code flemme kafka} start, and topic creation for the roles.
 */
package dev.flemme4j.cli.kafka;

/**
 * Client side of jobs over Kafka: submitting a YAML job to {@code flemme.jobs}, following its state on
 * {@code flemme.job-state}, and the status table.
 */
package dev.flemme4j.cli.job;

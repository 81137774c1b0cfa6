/** The coordinator's HTTP face: job submission/status API, health and Prometheus metrics. */
package dev.flemme4j.coordinator.http;

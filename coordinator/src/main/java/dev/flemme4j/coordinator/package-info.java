/** The coordinator process: options, the Vert.x verticle wiring intake, scheduling, workers and HTTP together. */
package dev.flemme4j.coordinator;

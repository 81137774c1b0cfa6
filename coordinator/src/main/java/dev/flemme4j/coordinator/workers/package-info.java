/** What the coordinator knows about workers: registrations and heartbeats, their events (progress, completion) and the model releases they publish. */
package dev.flemme4j.coordinator.workers;

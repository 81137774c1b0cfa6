/** Job intake and life cycle: YAML validation into a ValidatedJob, job ids, the job-state store, rejection reasons and the scheduler that sends TRAIN commands. */
package dev.flemme4j.coordinator.job;

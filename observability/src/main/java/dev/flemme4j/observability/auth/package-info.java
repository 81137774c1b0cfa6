/**
 * Optional bearer-token authentication for any flemme4j HTTP API: the token set (from a file or an environment
 * variable, compared in constant time) and the Vert.x handler that answers 401 without a valid token.
 */
package dev.flemme4j.observability.auth;

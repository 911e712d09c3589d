package io.dive.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;

/**
 * One entry of a manifest's {@code servers:} (or a template's): a server a provider acts on, such as
 * one instance's Keycloak.
 *
 * @param provider the provider whose resources it serves
 * @param runsOn   the resource that runs it (a container the same apply may bring up), or null
 * @param settings what the provider needs to reach it (URLs, credentials as secret references)
 * @param location where it is declared (for a template's: the instance entry that expanded it)
 * @param runsOnAt where {@code runs_on} is written
 * @param instance the instance whose template declared it (its resources are bound to it), or null
 */
public record Server(String name, String provider, Address runsOn, ObjectNode settings, Location location, Location runsOnAt,
                     String instance) {
}

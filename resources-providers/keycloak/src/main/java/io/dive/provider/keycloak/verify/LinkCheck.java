package io.dive.provider.keycloak.verify;

/** One verification of one direction of a link: passed or not, and what was seen. */
public record LinkCheck(String link, String direction, String name, boolean ok, String detail) {
}

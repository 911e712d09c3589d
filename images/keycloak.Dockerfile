# dive-local/keycloak: Keycloak's distribution from Maven Central on Debian trixie's JRE 21, built
# (kc.sh build) for PostgreSQL and the health endpoints, so that containers start --optimized.
ARG BASE=dive-local/debian-jre:trixie
FROM ${BASE}
ARG KEYCLOAK_VERSION=26.5.6
ADD keycloak-${KEYCLOAK_VERSION}.tar.gz /opt/
RUN ln -s /opt/keycloak-${KEYCLOAK_VERSION} /opt/keycloak \
 && /opt/keycloak/bin/kc.sh build --db=postgres --health-enabled=true
ENV PATH=/opt/keycloak/bin:$PATH
EXPOSE 8443 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized"]

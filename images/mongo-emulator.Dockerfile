# dive-local/mongo-emulator: the MongoDB wire-protocol EMULATOR (images/mongo-emulator: mongo-java-server
# with the replica-set admin commands), standing in for mongod where no MongoDB image can be had. It is
# not mongod: data lives in memory, and it takes no credentials. manifests/dive-v3 keeps mongo:8.0.17.
ARG BASE=dive-local/debian-jre:trixie
FROM ${BASE}
COPY mongo-emulator.jar /opt/mongo-emulator/mongo-emulator.jar
EXPOSE 27017
ENTRYPOINT ["java", "-Xmx256m", "-jar", "/opt/mongo-emulator/mongo-emulator.jar"]
CMD ["--port", "27017"]

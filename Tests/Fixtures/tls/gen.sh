#!/bin/sh
# Regenerates the synthetic test certificates (see SOURCES.md). Run from this directory.
set -e
DAYS=36500
SAN="subjectAltName=IP:127.0.0.1,DNS:localhost"
# The test certificate authority.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days $DAYS \
  -subj "/CN=thebot test CA" -keyout ca.key -out ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
# A server certificate signed by the test CA.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -subj "/CN=localhost" -keyout server.key -out server.csr
printf '%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$SAN" > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days $DAYS \
  -extfile server.ext -out server.pem
# A self-signed server certificate (no authority vouches for it).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days $DAYS \
  -subj "/CN=localhost" -keyout selfsigned.key -out selfsigned.pem -addext "$SAN"
rm -f server.csr server.ext ca.srl

#!/bin/sh
# SPDX-License-Identifier: ISC
# 11: the model in a web page: 11-web.sh [picture.png|.jpg]
# lrserve serves a page to draw a digit on (or drop a picture), and a JSON
# API; here it starts on a free port, answers two requests from curl, and
# stops. To play with the page, run: lrserve -m $OUT/mnist.model
# and open the URL it prints. Without a picture, a drawn 7 is used.
. "$(dirname "$0")/common.sh"
need_model
pic=${1:-$top/tests/fixtures/web/seven.png}
case $pic in
*.jpg | *.jpeg | *.JPG | *.JPEG) type=image/jpeg ;;
*) type=image/png ;;
esac

step "lrserve -m mnist.model -p 0 &    (0: any free port; it prints its URL)"
lrserve -m "$OUT/mnist.model" -p 0 > "$OUT/lrserve.url" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null' EXIT
n=0
while [ ! -s "$OUT/lrserve.url" ] && [ $n -lt 100 ]; do
	sleep 0.05
	n=$((n + 1))
done
url=$(cat "$OUT/lrserve.url")
echo "$url"

step "curl ${url}healthz"
curl -sS "${url}healthz"

step "curl -H 'Content-Type: $type' --data-binary @$(basename "$pic") ${url}api/predict"
# The answer ends with the 784 pixels the model saw; cut them here.
curl -sS -H "Content-Type: $type" --data-binary "@$pic" "${url}api/predict" |
	sed 's/,"input":.*/, "input": [784 pixels]}/'

step "The same picture through the tools: imgnorm | lrpredict -p"
imgnorm "$pic" | lrpredict -p -m "$OUT/mnist.model" | cut -f 3-

step "kill -TERM \$pid    (SIGTERM or SIGINT: a clean stop)"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
trap - EXIT
echo "lrserve stopped, exit status $status"

"""moto server with DynamoDB's per-request atomicity, and EventBridge at the speed of its routing.

moto serves requests on many threads and its DynamoDB backend takes no lock, so two concurrent
conditional writes (or ADDs) to one item can both succeed, which real DynamoDB never allows. This
launcher serves moto's own application with one lock around every DynamoDB request; every other
service (SQS long polls included) stays concurrent. Usage: python3 moto_strict.py -H HOST -p PORT
"""

import argparse
import functools
import threading

import jsonpath_ng.ext
from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

DYNAMODB = threading.Lock()

# moto's EventBridge parses the same eight JSONPath expressions for every target of every event it
# routes, and jsonpath-ng 1.8 builds its parser tables anew on each parse: 10 to 100 ms each, so one
# PutEvents of 10 entries took 5 to 30 s. A parsed expression never changes: parse each once.
jsonpath_ng.ext.parse = functools.lru_cache(maxsize=1024)(jsonpath_ng.ext.parse)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=0)
    args = parser.parse_args()
    app = DomainDispatcherApplication(create_backend_app)

    def strict(environ, start_response):
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            with DYNAMODB:
                # Consume the whole response inside the lock: the write happens while it is built.
                return list(app(environ, start_response))
        return app(environ, start_response)

    run_simple(args.host, args.port, strict, threaded=True)


if __name__ == "__main__":
    main()

// SPDX-License-Identifier: MIT
// First in codec_consumer's include path: asio is unreachable to it (see CMakeLists.txt).
#error "asio included: sockrpc::codec must not need asio"

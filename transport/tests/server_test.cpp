// SPDX-License-Identifier: MIT
// (placeholder: tests for server)

// SPDX-License-Identifier: MIT
// (placeholder: filled in by the rpc work)

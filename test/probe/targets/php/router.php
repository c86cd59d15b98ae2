<?php
// Target 5: PHP's built-in server with phpredis sessions; session_start() on every request
// (preflights included). use_strict_mode is off, PHP's default, so unknown ids are adopted.
session_start();
if (!isset($_SESSION['nonce'])) {
    $_SESSION['nonce'] = bin2hex(random_bytes(8));
}
$nonce = $_SESSION['nonce'];
session_write_close();
header('Content-Type: application/json');
header('Cache-Control: no-store');
echo json_encode(['nonce' => $nonce]);

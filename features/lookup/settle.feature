# language: vi
@bo_sung
Tính năng: Giải quyết thông báo ngay trên màn hình tình trạng hồ sơ
  Phí còn phải nộp được thanh toán, giấy tờ được yêu cầu bổ sung được quét và gửi ngay từ màn hình
  tình trạng hồ sơ; thông báo đã giải quyết thì không còn hiện.

  Bối cảnh:
    Biết người dân đã đăng nhập bằng thẻ căn cước
    Và người dân đã nộp một hồ sơ đăng ký thường trú

  Kịch bản: Thanh toán phí từ màn hình tình trạng hồ sơ
    Khi người dân chạm "Tra cứu hồ sơ"
    Và người dân chọn hồ sơ đó
    Thì màn hình hiển thị "Cần thanh toán"
    Khi người dân chạm "Thanh toán ngay"
    Thì màn hình hiển thị "Quét mã VietQR để thanh toán"
    Khi ngân hàng xác nhận đã nhận tiền
    Và 4 giây trôi qua
    Thì màn hình hiển thị "Thanh toán thành công"
    Khi người dân chạm "Hoàn tất"
    Thì màn hình hiển thị "Tình trạng hồ sơ"
    Và màn hình không hiển thị "Cần thanh toán"
    Và màn hình không hiển thị "Thanh toán ngay"

  Kịch bản: Quét và gửi giấy tờ bổ sung từ màn hình tình trạng hồ sơ
    Biết cán bộ đã yêu cầu bổ sung giấy tờ cho hồ sơ đó
    Khi người dân chạm "Tra cứu hồ sơ"
    Và người dân chọn hồ sơ đó
    Thì màn hình hiển thị "Yêu cầu bổ sung ("
    Khi người dân chạm "Quét và gửi giấy tờ bổ sung"
    Thì ki-ốt ở màn hình quét giấy tờ
    Và ki-ốt chỉ hỏi đúng những giấy tờ cán bộ yêu cầu bổ sung
    Khi người dân quét đủ giấy tờ
    Thì màn hình hiển thị "Kiểm tra giấy tờ bổ sung"
    Khi người dân chạm "Gửi giấy tờ bổ sung"
    Thì màn hình hiển thị "được tiếp tục giải quyết"
    Và hệ thống tỉnh đã nhận giấy tờ bổ sung và tiếp tục xử lý hồ sơ đó
    Khi người dân chạm "Xem tình trạng hồ sơ"
    Thì màn hình hiển thị "Tình trạng: Đang xử lý"
    Và màn hình không hiển thị "Yêu cầu bổ sung ("
    Và màn hình không hiển thị "Quét và gửi giấy tờ bổ sung"

  Kịch bản: Hệ thống tỉnh gặp sự cố lúc nhận giấy tờ bổ sung: các trang được giữ để gửi lại
    Biết cán bộ đã yêu cầu bổ sung giấy tờ cho hồ sơ đó
    Khi người dân chạm "Tra cứu hồ sơ"
    Và người dân chọn hồ sơ đó
    Và người dân chạm "Quét và gửi giấy tờ bổ sung"
    Và người dân quét đủ giấy tờ
    Và hệ thống tỉnh gặp sự cố khi nhận giấy tờ bổ sung
    Và người dân chạm "Gửi giấy tờ bổ sung"
    Thì ki-ốt ở màn hình lỗi
    Và màn hình hiển thị "Các trang đã quét vẫn được giữ"
    Và hồ sơ đó trên hệ thống tỉnh vẫn chờ giấy tờ bổ sung
    Khi hệ thống tỉnh hoạt động trở lại
    Và người dân chạm "Thử lại"
    Thì màn hình hiển thị "được tiếp tục giải quyết"
    Và hệ thống tỉnh đã nhận giấy tờ bổ sung và tiếp tục xử lý hồ sơ đó

# language: vi
@ngoai_gio
Tính năng: Ngoài giờ làm việc: ki-ốt vẫn phục vụ và nói thật là không có cán bộ trực
  Ki-ốt biết giờ làm việc, giờ nghỉ trưa và ngày nghỉ của điểm phục vụ. Ngoài giờ, màn hình chào
  nói rõ điều đó và những gì vẫn làm được; hồ sơ nộp lúc đó có ngày hẹn tính từ ngày làm việc tiếp
  theo; nút hỗ trợ nói không có ai trực, khi nào có người và số đường dây nóng.

  Kịch bản: Màn hình chào tối thứ Sáu nói ngoài giờ và những gì vẫn làm được
    Biết bây giờ là 18:30 ngày 21/03/2025
    Thì ki-ốt ở màn hình chào
    Và màn hình hiển thị "Ngoài giờ làm việc: cán bộ làm việc lại từ 07:30, Thứ Hai 24/03/2025."
    Và màn hình hiển thị "Bạn vẫn có thể tìm thủ tục, nộp hồ sơ"

  Kịch bản: Giờ nghỉ trưa
    Biết bây giờ là 12:00 ngày 17/03/2025
    Thì màn hình hiển thị "Đang nghỉ trưa: cán bộ làm việc lại từ 13:30, Thứ Hai 17/03/2025."

  Kịch bản: Trong giờ làm việc màn hình chào không nói gì về giờ
    Thì màn hình không hiển thị "Ngoài giờ làm việc"
    Và màn hình không hiển thị "nghỉ trưa"

  Kịch bản: Hỗ trợ ngoài giờ nói không có cán bộ trực và khi nào có
    Biết bây giờ là 10:00 ngày 22/03/2025
    Khi người dân chạm "Cần hỗ trợ"
    Thì màn hình hiển thị "Hiện đang ngoài giờ làm việc, không có cán bộ trực để hỗ trợ."
    Và màn hình hiển thị "Giờ làm việc tiếp theo: 07:30, Thứ Hai 24/03/2025."
    Và màn hình không hiển thị "đang đến"
    Và bàn hỗ trợ không nhận yêu cầu nào

  Kịch bản: Hồ sơ nộp tối thứ Sáu có ngày hẹn tính từ thứ Hai
    Biết bây giờ là 18:30 ngày 21/03/2025
    Và người dân đã đăng nhập bằng thẻ căn cước
    Khi người dân nộp hồ sơ "Đăng ký thường trú" sau khi tìm "thuong tru"
    Thì ki-ốt ở màn hình biên nhận
    Và màn hình hiển thị "Ngày hẹn trả kết quả: 02/04/2025"
